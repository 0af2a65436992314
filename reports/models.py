"""Reports compute from the other apps' data and store nothing of their own yet."""
