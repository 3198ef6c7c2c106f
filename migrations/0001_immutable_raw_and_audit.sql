-- The raw archive is immutable: every later state must be rebuildable from the bytes as received (DESIGN §1).
CREATE FUNCTION ordergate_refuse_raw_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.raw IS DISTINCT FROM OLD.raw OR NEW.sha256 IS DISTINCT FROM OLD.sha256 THEN
    RAISE EXCEPTION 'messages.raw is immutable (message %)', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER messages_raw_immutable BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION ordergate_refuse_raw_change();
--> statement-breakpoint
CREATE FUNCTION ordergate_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'integrity_constraint_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION ordergate_refuse_audit_change();
