"""Tests of the site itself: settings, security, layout, home pages, the admin site."""
