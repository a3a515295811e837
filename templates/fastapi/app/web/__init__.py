"""The app's web pages: server-rendered HTML on the same accounts and rows as the API."""
