-- The stored alert states, for `alerts` and the meters of a daemon that has not evaluated yet:
-- per rule and subject, firing or not, since, last value, threshold, last evaluated.
-- Parameters: none.
SELECT rule, subject, severity, firing, since, last_value, threshold, last_evaluated_at
FROM lifecycle_alert_states
ORDER BY rule, subject;
