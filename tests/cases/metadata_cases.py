"""Case table of report metadata read from a page's context: where the agency is named, what the site's
address says, how the year and dates are written. Pure data: (style, page text, url, expected fields).
Every page is written for this table in the manner of a government site; none is copied from one.
"""

OPENING = "坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,全面推进法治政府建设,取得明显成效。现将有关情况报告如下:\n一、主要举措和成效\n"

METADATA_CASES = [
    # ---- the agency named in the opening sentence only, its region from the site (issue: 市科技局 on kj.hangzhou.gov.cn)
    ("科技", f"2023年,市科技局{OPENING}", "http://kj.hangzhou.gov.cn/art/2024/3/1/art_1.html",
     {"agency": "杭州市科学技术局", "admin_level": "city", "region_code": "330100", "report_year": 2023}),
    ("公安", f"2022年,市公安局在市委、市政府的坚强领导下,{OPENING}", "http://gaj.zhangye.gov.cn/xxgk/202303/t1.html",
     {"agency": "张掖市公安局", "city": "张掖市", "report_year": 2022}),
    ("民政", f"2024年,区民政局{OPENING}", "https://www.linan.gov.cn/art/2025/1/1/art_9.html",
     {"agency": "杭州市临安区民政局", "admin_level": "district", "district": "临安区", "region_code": "330112"}),
    ("卫健", f"2023年,市卫生健康委{OPENING}", "https://wjw.enshi.gov.cn/xxgk/t1.html",
     {"agency": None}),  # 恩施市 or 恩施州: the site does not tell which 市, so nothing is guessed
    ("卫健", f"2023年,州卫生健康委{OPENING}", "https://wjw.enshi.gov.cn/xxgk/t1.html",
     {"agency": "恩施土家族苗族自治州卫生健康委员会", "admin_level": "city", "region_code": "422800"}),
    ("发改", f"2024年,在省委、省政府的坚强领导下,省发展改革委{OPENING}", "https://fgw.sc.gov.cn/sfgw/2025/1.shtml",
     {"agency": "四川省发展和改革委员会", "admin_level": "province", "region_code": "510000"}),
    ("人社", f"根据有关要求,现将市人社局2022年法治政府建设情况报告予以公开。\n{OPENING}", "https://hrss.tj.gov.cn/zt/t1.html",
     {"agency": "天津市人力资源和社会保障局", "admin_level": "province", "report_year": 2022}),
    # ---- a parent's abbreviation before the region in the host (cqjlp.gov.cn, tjjh.gov.cn, gdyunan.gov.cn)
    ("司法", f"2023年,区司法局{OPENING}", "https://cqjlp.gov.cn/zwgk/fzzfjsndbg/qsfj_1/t1.html",
     {"agency": "重庆市九龙坡区司法局", "province": "重庆市", "city": None, "district": "九龙坡区"}),
    ("自然资源", f"2023年,县自然资源局{OPENING}", "http://www.gdyunan.gov.cn/zwgk/t1.html",
     {"agency": "云浮市郁南县自然资源局", "admin_level": "county", "region_code": "445322"}),
    # ---- no department named (我局): the one the address abbreviates, with the level its lead letter gives
    ("公安", f"2021年,我局{OPENING}", "http://rongchang.gov.cn/bm/qgaj/zwgk/fzzfndbg/t1.html",
     {"agency": "重庆市荣昌区公安局", "department_type": "公安", "region_code": "500153"}),
    ("应急", f"2024年,在县委、县政府的坚强领导下,我局{OPENING}", "https://www.wuhua.gov.cn/xxgk/zfjg/xyjglj/t1.html",
     {"agency": "梅州市五华县应急管理局", "admin_level": "county"}),  # 五华县, not 昆明市五华区: x is 县
    ("生态环境", f"2021年,在省生态环境厅的大力支持和指导下,我局{OPENING}", "http://zsepb.zs.gov.cn/xxml/t1.html",
     {"agency": "中山市生态环境局"}),  # the 厅 that guides is another agency
    ("科技", f"2023年,市科技局{OPENING}", "http://kj.suzhou.gov.cn/art/1.html",
     {"agency": None}),  # suzhou is 苏州市 and 宿州市: the site does not tell which
    # ---- a site that is not under gov.cn says nothing about the agency
    ("商务", f"2023年,我局{OPENING}", "https://www.example-mirror.com/sswj/t1.html", {"agency": None}),
    # ---- the title wins over the site's banner and publisher lines
    ("审计", "泽州县司法局\n泽州县审计局2025年法治政府建设报告\n发布日期: 2026-02-28 发布机构: 县司法局\n"
     f"现将我局2025年度法治政府建设情况报告如下:\n{OPENING}", "http://xxgk.zezhou.gov.cn/xzfgzbm/sfj/t1.html",
     {"agency": "晋城市泽州县审计局", "publish_date": "2026-02-28", "report_year": 2025}),
    ("应急", "深圳市罗湖区人民政府\n罗湖区应急管理局2025年法治政府建设年度报告\n来源:罗湖区应急管理局 发布时间:2025-12-15\n"
     f"2025年,罗湖区应急管理局{OPENING}", None,
     {"agency": "深圳市罗湖区应急管理局", "publish_date": "2025-12-15"}),
    # ---- a region's own report is its government's
    ("政府", f"静海区2023年度法治政府建设情况报告\n2023年,静海区{OPENING}", None,
     {"agency": "天津市静海区人民政府", "department_type": "人民政府", "region_code": "120118"}),
    ("政府", f"2022年,淄博市政府{OPENING}", None, {"agency": "淄博市人民政府"}),
    # ---- a title over two lines, a title with its source and date on one line, a labelled title cell
    ("交通", f"四川省交通运输厅\n2025年法治政府部门建设工作情况\n信息来源:厅法规处 发布日期:2026-02-24 09:04\n2025年,我厅{OPENING}",
     None, {"title": "四川省交通运输厅2025年法治政府部门建设工作情况", "agency": "四川省交通运输厅",
            "publish_date": "2026-02-24"}),
    ("统计", f"上海市统计局2019年度法治政府建设情况报告 上海市统计局 2020-06-08\n\n2019年,我局{OPENING}", None,
     {"title": "上海市统计局2019年度法治政府建设情况报告", "publish_date": "2020-06-08", "report_year": 2019}),
    ("住建", "|索引号:000014349/2026-01547||\n|发文机关:武乡县住房和城乡建设管理局|\n"
     "|标题:武乡县住房和城乡建设管理局关于2025年法治政府建设情况的报告||\n|主题分类:|发布日期:2026-01-15|\n"
     f"2025年,在县委、县政府的正确领导下,我局{OPENING}", None,
     {"title": "武乡县住房和城乡建设管理局关于2025年法治政府建设情况的报告", "agency": "长治市武乡县住房和城乡建设管理局",
      "publish_date": "2026-01-15"}),
    ("生态环境", f"【2022年】州生态环境局2022年度法治政府建设报告\n2022年,州生态环境局{OPENING}", None,
     {"title": "州生态环境局2022年度法治政府建设报告"}),
    # ---- publication dates: 发布日期 before 成文日期, bracketed labels, 生成日期 is not publication
    ("卫健", "[ 发布机构 ] 市卫生健康委\n[ 成文日期 ] 2023-03-02 [ 发布日期 ] 2023-03-03\n"
     f"2022年,市卫生健康委{OPENING}", None, {"publish_date": "2023-03-03", "report_year": 2022}),
    ("文旅", f"发布机构: 西湖区文化广电新闻出版旅游局 生成日期: 2024-03-01\n2023年,我局{OPENING}", None,
     {"publish_date": None, "report_year": 2023}),
    ("人社", f"发文时间:2022-02-28\n2021年,区人力资源和社会保障局{OPENING}", None, {"publish_date": "2022-02-28"}),
    # ---- the year covered, with no title: the opening, never a plan's range or a document's title
    ("人社", f"根据《法治政府建设实施纲要(2021—2025年)》要求,现将2022年法治政府建设情况报告如下。\n{OPENING}", None,
     {"report_year": 2022}),
    ("审计", "一、党政主要负责人履行法治建设第一责任人职责情况\n局党组书记带头学法,2025年组织开展党组理论学习中心组学法4次,"
     "组织全局执法人员参加2025年度法治理论知识考试。\n", None, {"report_year": 2025}),
    ("农业农村", "一、依法履职\n我局印发《2021年农业农村局法治政府建设工作要点》,推进依法行政。\n", None,
     {"report_year": None}),
    # ---- the names of other agencies, and of documents, are not the report's agency
    ("市场监管", f"2024年以来,上城区市场监管局在区委依法治区办、区司法局的大力指导下,{OPENING}", None,
     {"agency": "杭州市上城区市场监督管理局", "department_type": "市场监管"}),
    ("自然资源", f"2019年,我厅深入贯彻《四川省人民政府2019年度法治政府建设重点工作安排》,加快推进四川省自然资源厅法治建设。\n{OPENING}",
     None, {"agency": "四川省自然资源厅"}),
    ("税务", f"2021年以来,国家税务总局上海市税务局{OPENING}", None, {"agency": "国家税务总局上海市税务局"}),
    # ---- round two: a government's own report, a salutation, titles cut by the page, sites inside sites
    ("政府", f"2024年,我市{OPENING}", "https://www.wuhan.gov.cn/zwgk/fzzfj/202503/t1.shtml",
     {"agency": "武汉市人民政府", "department_type": "人民政府"}),
    ("政府", f"2023年,在市委、市政府的坚强领导下,兰陵县{OPENING}", None, {"agency": "临沂市兰陵县人民政府"}),
    ("政府", f"中共红河州委、红河州人民政府:\n2025年,县委、县政府{OPENING}", "https://www.hhjp.gov.cn/info/1.htm",
     {"agency": "红河哈尼族彝族自治州金平苗族瑶族傣族自治县人民政府", "admin_level": "county"}),
    ("政府", f"2025年陇西县法治政府建设情况\n2025年,陇西县政府{OPENING}", None, {"agency": "定西市陇西县人民政府"}),
    ("卫健", f"柳江区卫生健康局2025年法治政府\n建设年度报告\n2025年,我局{OPENING}", None,
     {"title": "柳江区卫生健康局2025年法治政府建设年度报告", "agency": "柳州市柳江区卫生健康局"}),
    ("城管", f"2022年度法治政府建设工作报告和\n2023年工作思路\n2022年,县综合行政执法局{OPENING}", None,
     {"title": "2022年度法治政府建设工作报告和2023年工作思路"}),
    ("交通", f"在区委区政府的正确领导下,区交通运输局{OPENING}", "http://wgxj.yueyang.gov.cn/yxq/31295/1.html",
     {"agency": "岳阳市云溪区交通运输局"}),
    ("政府", f"2025年,县政府{OPENING}", "http://www.cnlongxi.gov.cn/art/2026/1/15/art_1.html",
     {"agency": "定西市陇西县人民政府"}),
    ("民政", f"2025年,县民政和退役军人事务局{OPENING}", "https://www.geji.gov.cn/info/1.htm",
     {"department_type": "民政"}),
    ("住建", f"2024年,区建设管理委{OPENING}", "https://zwgk.shmh.gov.cn/mh-xxgk-cms/x.htm",
     {"agency": "上海市闵行区建设和管理委员会"}),
    ("林业", f"2025年,我局{OPENING}", "http://www.xianggelila.gov.cn/zfxxgk_xglls_lyhcyj/zcwj/1.html",
     {"agency": "迪庆藏族自治州香格里拉市林业和草原局"}),
    # ---- a 直辖市's county carries the 直辖市's name; a division renamed since the gazetteer
    ("科技", f"丰都县科学技术局2021年度法治政府建设情况报告\n{OPENING}", None,
     {"agency": "重庆市丰都县科学技术局", "province": "重庆市", "city": None}),
    ("交通", f"重庆市武隆区交通局关于2023年法治政府建设情况的报告\n{OPENING}", None,
     {"agency": "重庆市武隆区交通局", "admin_level": "district", "region_code": "500156"}),
    ("文旅", f"公主岭市文化广播电视和旅游局\n关于2025年度法治政府建设情况的报告\n{OPENING}", None,
     {"agency": "长春市公主岭市文化广播电视和旅游局", "region_code": "220184"}),
]
