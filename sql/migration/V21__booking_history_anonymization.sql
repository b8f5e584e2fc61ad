-- anonymize-guests (issue 9): how the suite masked a history row's guest data. is_anonymized and
-- anonymized_at exist since V2 (the platform's own anonymizeGuestData set them after masking three
-- columns, leaving the audit trail as it was); anonymization is set only by the suite, once every
-- rule was applied to the row and its whole trail: 'anonymized' when every rule was irreversible
-- (is_anonymized = true), 'pseudonymized' when a keyed pseudonym was among them (still personal
-- data while the key exists, GDPR recital 26: is_anonymized stays false). The job's candidates are
-- the rows without it. Adding the column rewrites nothing.
ALTER TABLE booking_history
  ADD COLUMN anonymization VARCHAR(20) CHECK (anonymization IN ('anonymized', 'pseudonymized'));
