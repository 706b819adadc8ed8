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
    # ---- place names read as places are read (长 chang, 都 du, 穆棱 muling), not as in ordinary words
    ("民政", f"2024年,市民政局{OPENING}", "https://mzj.changzhi.gov.cn/zwgk/t1.html",
     {"agency": "长治市民政局", "admin_level": "city", "region_code": "140400"}),
    ("民政", f"2024年,市民政局{OPENING}", "https://muling.gov.cn/mlsrmzf/c1/t1.shtml",
     {"agency": "牡丹江市穆棱市民政局", "admin_level": "county", "region_code": "231085"}),
    # ---- a government's opening: the whole region its subject, or led by the party and supervised by the congress
    ("政府", f"2023年,全市各区、各部门在市委的坚强领导下,{OPENING}", "https://www.wuhan.gov.cn/zwgk/t1.html",
     {"agency": "武汉市人民政府", "admin_level": "city", "region_code": "420100"}),
    ("市场监管", f"2023年,在县委的坚强领导和县人大的监督下,县市场监管局{OPENING}", "http://www.lanling.gov.cn/t1.html",
     {"agency": "临沂市兰陵县市场监督管理局"}),  # the department that follows is the subject
    ("政府", f"2021年,在中共浙江省委领导和省人大及其常委会的支持监督下,全省各地{OPENING}", "https://www.example-news.com/a/1.html",
     {"agency": "浙江省人民政府", "admin_level": "province", "region_code": "330000"}),
    ("司法", f"2023年,在市委、市政府的坚强领导下和市人大的依法监督下,市司法局{OPENING}", "https://sfj.wuhan.gov.cn/t1.html",
     {"agency": "武汉市司法局"}),  # a government above it: a department's report
    # ---- a site that is not under gov.cn says nothing about the agency
    ("商务", f"2023年,我局{OPENING}", "https://www.example-mirror.com/sswj/t1.html", {"agency": None}),
    # ---- the title wins over the site's banner and publisher lines
    ("审计", "泽州县司法局\n泽州县审计局2025年法治政府建设报告\n发布日期: 2026-02-28 发布机构: 县司法局\n"
     f"现将我局2025年度法治政府建设情况报告如下:\n{OPENING}", "http://xxgk.zezhou.gov.cn/xzfgzbm/sfj/t1.html",
     {"agency": "晋城市泽州县审计局", "publish_date": "2026-02-28", "report_year": 2025}),
    ("应急", "深圳市罗湖区人民政府\n罗湖区应急管理局2025年法治政府建设年度报告\n来源:罗湖区应急管理局 发布时间:2025-12-15\n"
     f"2025年,罗湖区应急管理局{OPENING}", None,
     {"agency": "深圳市罗湖区应急管理局", "publish_date": "2025-12-15"}),
    # ---- a date and a clock time alone under the title: the page's time stamp, not a signature
    ("林草", "当前位置: 首页 / 新闻中心\n\n某市林业和草原局2023年法治政府建设年度报告\n\n2024年02月23日 04时37分\n\n【字体:\n"
     f"2023年,我局{OPENING}", None, {"publish_date": "2024-02-23", "signed_date": None, "report_year": 2023}),
    ("统计", f"某县统计局2022年法治政府建设情况报告\n2023-01-20 16:05:31\n2022年,我局{OPENING}", None,
     {"publish_date": "2023-01-20"}),
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
    # ---- round three (issue 21): townships, their county from the gazetteer or the site
    ("街道", f"杜城街道2025年法治政府建设工作总结\n2025年,杜城街道{OPENING}", "http://www.yanta.gov.cn/xxgk/t1.html",
     {"agency": "西安市雁塔区杜城街道办事处", "admin_level": "township", "district": "雁塔区", "region_code": "610113"}),
    ("乡镇", f"一年来,周溪乡在县委、县政府的正确领导下,{OPENING}", "http://cqck.gov.cn/jz/zxx/t1.html",
     {"agency": "重庆市城口县周溪乡人民政府", "admin_level": "township", "region_code": "500229"}),
    ("乡镇", f"2021年,我镇{OPENING}坚持依法治镇,推进法治神湾建设。\n", "http://zs.gov.cn/swz/t1.html",
     {"agency": "中山市神湾镇人民政府", "admin_level": "township"}),
    ("街道", f"北城街街道办事处2025年法治政府建设年度报告\n{OPENING}", "http://xxgk.sxgp.gov.cn/xzjd/t1.html",
     {"agency": "晋城市高平市北城街街道办事处", "admin_level": "township"}),  # a name the gazetteer writes 北城街道
    ("街道", f"2025年,银杏大街街道在区委、区政府的正确领导下,{OPENING}", "https://www.wfqzf.gov.cn/2026/t1.html",
     {"agency": "安阳市文峰区银杏大街街道办事处"}),  # the host: 文峰 + 区政府
    # ---- development zones: the zone's own name, its city in front unless it leads the name
    ("开发区", f"2023年,十堰经济技术开发区党工委、管委会{OPENING}", None,
     {"agency": "十堰经济技术开发区管理委员会", "admin_level": "city", "region_code": "420300"}),
    ("开发区", f"经济开发区2024年度法治政府建设情况报告\n2024年宁河经济开发区在区委、区政府的正确领导下,{OPENING}",
     "https://www.tjnh.gov.cn/zwgk/t1.html", {"agency": "天津市宁河经济开发区管理委员会", "region_code": "120117"}),
    ("开发区", f"东疆综合保税区2025年度法治政府建设情况报告\n{OPENING}", "https://www.tjbh.gov.cn/dj/t1.html",
     {"agency": "天津市东疆综合保税区管理委员会", "admin_level": "district", "region_code": "120116"}),
    ("开发区", f"经济技术开发区管理委员会关于2022年法治政府建设情况报告\n2022年,经开区{OPENING}", None,
     {"agency": None}),  # the zone is not named: nothing is guessed
    # ---- branches, offices and other issuers, abbreviations written out
    ("公安", f"海珠区公安分局2021年法治政府建设年度报告\n{OPENING}", None,
     {"agency": "广州市公安局海珠区分局", "admin_level": "district", "region_code": "440105"}),
    ("国资", f"2025年,市政府国资委在市委、市政府的坚强领导下,{OPENING}", "https://gzw.wuhan.gov.cn/ztzl/t1.html",
     {"agency": "武汉市人民政府国有资产监督管理委员会"}),
    ("民族宗教", f"上海市民族宗教委2017年法治政府建设年度报告\n{OPENING}", None,
     {"agency": "上海市民族宗教事务委员会", "department_type": "民族宗教"}),
    ("国防动员", f"汉中市国防动员办公室2024年法治政府建设情况报告\n{OPENING}", None,
     {"agency": "汉中市国防动员办公室", "department_type": "国防动员"}),
    ("卫健", f"新晃县卫生健康局2023年法治政府建设情况报告\n{OPENING}", None,
     {"agency": "怀化市新晃侗族自治县卫生健康局", "region_code": "431227"}),  # the official name of the county
    ("卫健", f"苏州市卫生和计划生育委员会2017年法治政府建设情况报告\n{OPENING}", None,
     {"agency": "苏州市卫生和计划生育委员会", "department_type": "卫生健康"}),  # its name then, one agency with today's
    # ---- precision: a place inside a word, a superior far from its verb, a recipient, a contradicting address
    ("民族宗教", f"辽宁省民族和宗教事务委员会2023年法治政府建设情况报告\n{OPENING}", None,
     {"agency": "辽宁省民族和宗教事务委员会", "region_code": "210000"}),
    ("司法", f"2023年,在市委、市政府和市司法局业务部门的具体指导下,我局{OPENING}", None, {"agency": None}),
    ("卫健", f"2022年,我委紧紧围绕中心工作,{OPENING}", "https://amr.xuancheng.gov.cn/show/1.html",
     {"agency": None}),  # the address is the 市场监管局's, but 我委 is a 委: neither is guessed
    ("应急", f"2024年,我局紧紧围绕市委、市政府关于法治政府建设的要求,{OPENING}", None,
     {"agency": None}),  # the government the opening follows is not the issuer
    ("政府", f"2022年,我区(qū)坚持以习近平法治思想为指导,全自治区(qū)推进法治内蒙古建设。内蒙古自治区人民政府{OPENING}",
     "http://m.mirror-site.com/article/1.html", {"agency": "内蒙古自治区人民政府"}),  # pinyin after characters
    # ---- a page in traditional characters
    ("住建", "2025年,區住房城鄉建設局在區委、區政府的正確領導下,堅持以習近平新時代中國特色社會主義思想為指導,"
     "深入學習貫徹習近平法治思想,紮實推進法治政府建設並取得良好成效。現將我局2025年法治政府建設工作情況報告如下:\n"
     "一、主要舉措和成效\n", "https://www.yanta.gov.cn/xxgk/t2.html",
     {"agency": "西安市雁塔区住房和城乡建设局", "admin_level": "district"}),
    # ---- words that end in a level's character (新区, 社区) name no level; a guide named far from its verb
    ("住建", f"2023年,我局{OPENING}新区建设局派员参加了培训。\n", "http://www.linan.gov.cn/art/1.html",
     {"agency": None}),
    ("司法", f"2023年,省司法厅对我市工作的精心指导,江门市司法局{OPENING}", None, {"agency": "江门市司法局"}),
    # ---- 法治公安 names the police's rule of law, not 公安县; 我局 makes a page a department's
    ("公安", f"2023年,县公安局全面推进法治公安建设,{OPENING}", None, {"agency": None}),
    ("市场监管", f"2024年,我县市场监管工作{OPENING}我局全年办结案件。\n", "http://www.ninghai.gov.cn/art/1.html",
     {"agency": None}),  # 我县 is the county the department serves, 我局 the page itself: no government
    # ---- a joint report of the party committee and the government is the government's
    ("政府", f"中共浚县县委 浚县人民政府关于2024年法治政府建设情况的报告\n{OPENING}", None,
     {"agency": "鹤壁市浚县人民政府", "region_code": "410621"}),
    ("政府", f"2024年香格里拉市{OPENING}", None, {"agency": "迪庆藏族自治州香格里拉市人民政府"}),
    # ---- a superior written with a bare level is the region above the page's (贵阳市委、市政府 on 清镇市's page)
    ("政府", f"2022年,清镇市坚持以习近平法治思想为指导,在贵阳市委、市政府的坚强领导下,{OPENING}在市委、市政府的统一部署下开展工作。\n",
     None, {"agency": "贵阳市清镇市人民政府"}),
    # ---- abbreviations and merged bureaus named by the fields they join
    ("人社", f"区人力社保局{OPENING}", "https://www.tjwq.gov.cn/zwgk/t1.html",
     {"agency": "天津市武清区人力资源和社会保障局"}),
    ("文旅", f"徐闻县文化广电旅游体育局关于2022年度法治政府建设情况的报告\n{OPENING}", None,
     {"agency": "湛江市徐闻县文化广电旅游体育局", "department_type": "文化旅游"}),
    # ---- branches: in a county named after its city's department; of a municipality's department
    ("生态环境", f"信息来源:市生态环境局洪江市分局\n2024年,我分局{OPENING}", None,
     {"agency": "怀化市生态环境局洪江市分局", "region_code": "431281"}),
    ("公安", f"重庆市公安局渝北区分局关于2023年法治政府建设情况的报告\n{OPENING}", None,
     {"agency": "重庆市公安局渝北区分局", "region_code": "500112"}),
    # ---- the page's table of particulars is not its opening
    ("政府办公室", f"| 发布机构 | 施甸县人民政府 |\n2025年,县政府办公室在县委、县政府的坚强领导下,{OPENING}",
     "https://shidian.gov.cn/info/1.htm", {"agency": "保山市施甸县人民政府办公室"}),
    # ---- 我委 and a document of its own, in the site's region, in the titles it issued
    ("卫健", f"2023年,我委{OPENING}我委印发了《重庆市开州区卫生健康委员会关于加强规范性文件管理的通知》。\n",
     "http://www.cqkz.gov.cn/kz/t1.html", {"agency": "重庆市开州区卫生健康委员会"}),
    # ---- a region of the text: a district inside its municipality as often; the only one named; a province from a county's site
    ("卫健", f"2025年,我委{OPENING}印发《重庆市涪陵区卫生健康系统法治建设方案》,组织重庆市涪陵区卫生健康系统学法。\n",
     "http://www.fl.gov.cn/bm/wsjkw/zwgk/t1.html", {"agency": "重庆市涪陵区卫生健康委员会"}),
    ("农业农村", f"2023年在工委依法治区办的正确领导下,区农业农村局{OPENING}组织汉南区农业执法人员培训。\n", None,
     {"agency": "武汉市汉南区农业农村局"}),
    ("政府", f"2023年,我省{OPENING}", "http://gaotai.gov.cn/zfxxgk/t1.html", {"agency": "甘肃省人民政府"}),
    ("政府", f"2017年,我市{OPENING}组织平度市干部学法。\n", None, {"agency": None}),  # 平度市 is no 市 of 我市
    # ---- a city's department that works under a district's leaders, on the district's site, is the district's
    ("司法", f"2020年,北京市司法局认真贯彻落实区委、区政府决策部署,{OPENING}", "https://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/t1/index.html",
     {"agency": "北京市大兴区司法局", "region_code": "110115"}),
]
