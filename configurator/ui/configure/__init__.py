"""The configure view: option groups live from the rule engine, stock and dates per option."""
