"""Views over an export object: what the terminal, Markdown and (later) web pages show."""
