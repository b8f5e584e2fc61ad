-- Pause a chain's trigger (the web page's pause): a row here wins over jobs/*.yml's `enabled`
-- until it is deleted; pausing a paused chain changes nothing (0 rows).
-- Parameters: chain name, actor.
INSERT INTO lifecycle_trigger_pauses (chain_name, paused_by) VALUES (?, ?)
ON CONFLICT (chain_name) DO NOTHING
