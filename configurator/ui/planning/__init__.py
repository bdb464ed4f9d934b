"""Planning views: demand with forecast band, stock projection, top configurations."""
