"""Free tags shared by organisations and people."""
