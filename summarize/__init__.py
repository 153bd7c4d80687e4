"""summarize: multi-outlet news briefings with verified citations."""
