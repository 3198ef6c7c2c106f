import type { X12Partner } from '../../../connectors/x12/decode.ts';
import type { DeliveryContext } from '../../core/connector.ts';
import type { Database } from '../../db/client.ts';
import { orderMappings } from '../../mapping/mapping-file.ts';
import { activeMappings } from '../../partners/active-mappings.ts';
import type { MailContext } from '../../runtime/config.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';
import { as2MdnWaitStage } from '../as2/mdn-wait.stage.ts';
import type { Stage } from '../dispatch/stage.ts';
import type { StageName } from '../stage-names.ts';
import { acknowledgeStage } from './acknowledge.stage.ts';
import { decodeStage } from './decode.stage.ts';
import { deliverStage } from './deliver.stage.ts';
import { encodeStage } from './encode.stage.ts';
import { inboundFormats } from './inbound-formats.ts';
import { notifyStage } from './notify.stage.ts';
import { routeStage } from './route.stage.ts';
import { validateStage } from './validate.stage.ts';

/** The partner's active order mappings from the database, in the shape the X12 decoder takes. */
async function x12Mappings(db: Database, partnerId: string): Promise<X12Partner['mappings']> {
  return orderMappings(await activeMappings(db, partnerId));
}

/** What stages need from the process that runs them. */
export interface PipelineDeps {
  /** Opens the partners' sealed delivery credentials (deliver only). */
  secrets: SecretBox;
  /** Where deliveries may go (deliver only): plain data, handed to every transport's `send`. */
  delivery: DeliveryContext;
  /** DNS for proving mail senders and the reply limit (decode of mails). */
  mail: MailContext;
}

/** Every pipeline stage, in the order work flows through them. */
export function pipelineStages(deps: PipelineDeps): readonly Stage<StageName, StageName>[] {
  return [
    decodeStage(inboundFormats({ mappingsFor: x12Mappings, mail: deps.mail })),
    validateStage,
    routeStage,
    acknowledgeStage,
    encodeStage,
    deliverStage(deps.secrets, deps.delivery),
    as2MdnWaitStage,
    notifyStage(deps.secrets, deps.delivery),
  ];
}
