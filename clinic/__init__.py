"""The clinic's own settings (clinic.yml, overridden by environment), read by actions, channels, handover and scripts."""
