"""The rule files, shipped in the wheel as the package fazhi.rules (see the header of each file)."""
