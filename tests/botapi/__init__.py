"""A local stand-in for the Telegram Bot API, for end-to-end tests of Buurtwijzer."""
