-- Masking of guest personal data (anonymize-guests, later erase-guest): one value by one rule,
-- and a JSON document by its rules at any depth. The rules come from jobs/anonymize-guests.yml as
-- JSON: {"strategy": "constant"|"template"|"pseudonym"|"partial-email"|"partial-phone"|
-- "ip-truncate"|"null", "value": "..."}. A keyed pseudonym is HMAC-SHA256 of the lower-cased value
-- under the secret, built on the core sha256() (no extension): the caller passes the secret's
-- inner and outer pads (key XOR 0x36.., key XOR 0x5c..), never the secret itself, and never
-- through a log. Stable: the same value gives the same pseudonym in every table and JSON path.

-- One value (JSON scalar or not) by one rule; subject is the booking id for templates ({id}).
CREATE OR REPLACE FUNCTION lifecycle_mask_value(v JSONB, rule JSONB, subject BIGINT, ikey BYTEA, okey BYTEA)
RETURNS JSONB LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  t TEXT;
  ip INET;
BEGIN
  IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
    RETURN v;
  END IF;
  t := CASE WHEN jsonb_typeof(v) IN ('string', 'number', 'boolean') THEN v #>> '{}' ELSE v::text END;
  CASE rule ->> 'strategy'
    WHEN 'constant' THEN
      RETURN to_jsonb(rule ->> 'value');
    WHEN 'template' THEN
      RETURN to_jsonb(replace(rule ->> 'value', '{id}', subject::text));
    WHEN 'null' THEN
      RETURN 'null'::jsonb;
    WHEN 'pseudonym' THEN
      IF t LIKE 'pseud-%' THEN
        RETURN v; -- already a pseudonym: masking again keeps it (every strategy is idempotent)
      END IF;
      RETURN to_jsonb('pseud-' || left(encode(sha256(okey || sha256(ikey || convert_to(lower(btrim(t)), 'UTF8'))),
                                             'hex'), 20));
    WHEN 'partial-email' THEN
      RETURN to_jsonb(CASE WHEN position('@' IN t) > 0 THEN 'xxx@' || split_part(t, '@', 2) ELSE 'xxx' END);
    WHEN 'partial-phone' THEN
      RETURN to_jsonb(regexp_replace(t, '[0-9](?=(.*[0-9]){2})', 'x', 'g'));
    WHEN 'ip-truncate' THEN
      BEGIN
        ip := t::inet;
      EXCEPTION WHEN others THEN
        RETURN 'null'::jsonb; -- not an address: nothing of it is kept
      END;
      RETURN to_jsonb(host(network(set_masklen(ip, CASE WHEN family(ip) = 4 THEN 24 ELSE 48 END))));
    ELSE
      RAISE EXCEPTION 'unknown masking strategy %', rule ->> 'strategy';
  END CASE;
END $$;

-- A JSON document with every key its rules name masked, at any depth and inside arrays. A rule
-- named "key" masks that key wherever it is; "parent.key" masks it under a key named parent
-- (arrays in between are transparent). Other values are kept as they are.
CREATE OR REPLACE FUNCTION lifecycle_mask_json(doc JSONB, rules JSONB, subject BIGINT, ikey BYTEA, okey BYTEA,
                                               parent TEXT DEFAULT NULL)
RETURNS JSONB LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k TEXT;
  v JSONB;
  rule JSONB;
  result JSONB;
BEGIN
  IF doc IS NULL THEN
    RETURN NULL;
  END IF;
  IF jsonb_typeof(doc) = 'object' THEN
    result := '{}'::jsonb;
    FOR k, v IN SELECT * FROM jsonb_each(doc) LOOP
      rule := COALESCE(rules -> (parent || '.' || k), rules -> k);
      IF rule IS NOT NULL AND jsonb_typeof(v) NOT IN ('object', 'array') THEN
        result := result || jsonb_build_object(k, lifecycle_mask_value(v, rule, subject, ikey, okey));
      ELSIF rule IS NOT NULL AND rule ->> 'strategy' IN ('constant', 'null') THEN
        result := result || jsonb_build_object(k, lifecycle_mask_value(v, rule, subject, ikey, okey));
      ELSE
        result := result || jsonb_build_object(k, lifecycle_mask_json(v, rules, subject, ikey, okey, k));
      END IF;
    END LOOP;
    RETURN result;
  ELSIF jsonb_typeof(doc) = 'array' THEN
    RETURN COALESCE((SELECT jsonb_agg(lifecycle_mask_json(e, rules, subject, ikey, okey, parent) ORDER BY o)
                     FROM jsonb_array_elements(doc) WITH ORDINALITY AS x (e, o)), '[]'::jsonb);
  END IF;
  RETURN doc;
END $$;

-- A text column by one rule (NULL stays NULL).
CREATE OR REPLACE FUNCTION lifecycle_mask_text(t TEXT, rule JSONB, subject BIGINT, ikey BYTEA, okey BYTEA)
RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN t IS NULL OR rule IS NULL THEN t
              ELSE lifecycle_mask_value(to_jsonb(t), rule, subject, ikey, okey) #>> '{}' END
$$;
