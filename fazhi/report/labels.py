"""Words and the font the report's charts and page share: levels and required parts in Chinese."""
from __future__ import annotations

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, WenQuanYi Micro Hei, sans-serif"
LEVEL_ZH = {"province": "省级", "city": "市级", "district": "区级", "county": "县级"}
PART_ZH = {"measures": "主要举措和成效", "shortcomings": "存在的不足", "leadership": "第一责任人职责",
           "plans": "下一年度工作安排", "other": "其他"}
