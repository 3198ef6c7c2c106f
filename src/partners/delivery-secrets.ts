import { permanent, toGatewayErrorShape } from '../core/errors.ts';
import {
  isDeliveryCredential,
  isSecretConfigKey,
  isStoredSecretUrl,
  isUrlConfigKey,
  mapDeliveryConfig,
  mapDeliverySecrets,
  redactUrl,
  type StoredSecretUrl,
} from '../core/partner.ts';
import { isSealed, type SecretBox, sealedKeyId } from '../runtime/secret-box.ts';

/**
 * The settings with every delivery credential sealed for storage. The JSON of the value is sealed, so an
 * object credential (smtp `auth: { user, pass }`) comes back as the same object; a URL with credentials is
 * stored as `{ shown, sealed }` (see `StoredSecretUrl`). Give it values in clear: what the API and partner.yaml
 * receive.
 */
export function sealDeliverySecrets<T extends Record<string, unknown>>(settings: T, box: SecretBox): T {
  return mapDeliverySecrets(settings, (value, key) => {
    const sealed = box.seal(JSON.stringify(value));
    if (!isUrlConfigKey(key)) return sealed;
    return { shown: redactUrl(value as string), sealed } satisfies StoredSecretUrl;
  });
}

/** Whether every delivery credential of stored settings is sealed with this box's key (none left in clear). */
export function sealedWith(settings: Record<string, unknown>, box: SecretBox): boolean {
  const config = (settings.delivery as { config?: Record<string, unknown> } | undefined)?.config ?? {};
  const byThisBox = (value: unknown) => isSealed(value) && sealedKeyId(value) === box.keyId;
  return Object.entries(config).every(([key, value]) => {
    if (isSecretConfigKey(key)) return byThisBox(value);
    if (isStoredSecretUrl(value)) return byThisBox(value.sealed);
    return !isDeliveryCredential(key, value);
  });
}

/**
 * The stored settings with the delivery credentials opened, for the one place that uses them (the transport
 * config). Every sealed value is opened, whatever its key is called; a value in clear was saved before
 * credentials were sealed and is used as it is. A value this key cannot open throws a permanent
 * `secrets.undecryptable` naming the partner and the setting, never the value or the key.
 */
export function openDeliverySecrets<T extends Record<string, unknown>>(
  partnerId: string,
  settings: T,
  box: SecretBox,
): T {
  return mapDeliveryConfig(settings, (value, key) => {
    if (isSealed(value)) return openOne(partnerId, key, value, box);
    if (isStoredSecretUrl(value)) return openOne(partnerId, key, value.sealed, box);
    return value;
  });
}

function openOne(partnerId: string, key: string, sealed: string, box: SecretBox): unknown {
  try {
    return JSON.parse(box.open(sealed));
  } catch (error) {
    // a JSON.parse message quotes the text it read, that is the secret: only the box's own reasons are passed on
    const shape = toGatewayErrorShape(error);
    const reason = shape.code === 'secrets.undecryptable' ? shape.message : 'it does not hold a JSON value';
    throw permanent(
      'secrets.undecryptable',
      `partner "${partnerId}": the delivery setting ${key} cannot be opened (${reason}); start every process with the ORDERGATE_SECRETS_KEY that sealed it, or save the partner's delivery settings again`,
      { details: { partnerId, key, keyId: sealedKeyId(sealed), processKeyId: box.keyId } },
    );
  }
}
