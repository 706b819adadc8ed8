"""The crawl's pure parts: report titles, page decoding, list items of each family, pagination rules."""
from __future__ import annotations

import pytest

from flows.crawl.walk import file_name
from tests.portals import FIXTURES
from transforms.crawl.decode import decode_page
from transforms.crawl.families import RuleError, family_for, load_families, page_total, page_url
from transforms.crawl.listing import (
    attachments,
    css_to_xpath,
    datastore_items,
    html_items,
    json_date,
    json_items,
    visible_text_length,
)
from transforms.crawl.titles import report_year

TITLES = [
    ("嘉兴市司法局2023年度法治政府建设情况报告", 2023),
    ("关于2022年度法治政府建设工作情况的报告", 2022),
    ("宁波市科学技术局2021年依法行政工作报告", 2021),
    ("区教育局二〇二三年度法治建设工作报告", 2023),
    ("2023年度党政主要负责人履行推进法治建设第一责任人职责情况报告", 2023),
    ("广州市番禺区司法局2023年法治政府建设年度报告", 2023),
    (" 市市场监管局2024年法治政府建设\n情况报告… ", 2024),
    # not reports
    ("2023年政府信息公开工作年度报告", None),
    ("嘉兴市司法局2023年政府信息公开工作年度报告", None),
    ("关于报送2023年度法治政府建设情况报告的通知", None),
    ("召开2024年全市法治政府建设推进会", None),
    ("图解:2023年度法治政府建设情况报告", None),
    ("法治政府建设情况报告", None),  # no year
    ("市科技局开展“八五”普法宣传活动", None),
    ("2023年度部门决算报告", None),
]


@pytest.mark.parametrize("title, year", TITLES)
def test_report_titles(title, year):
    assert report_year(title) == year


DECODE = [
    ("法治政府建设".encode("gbk"), "text/html; charset=GBK", "法治政府建设"),
    ("依法行政".encode("gb2312"), "text/html; charset=gb2312", "依法行政"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>报告</p>'.encode("gbk"), "text/html",
     "<p>报告</p>"),
    ("<p>镕</p>".encode("gb18030"), "text/html; charset=gb2312", "<p>镕</p>"),  # a GBK-only character under gb2312
    ("\ufeff<p>年度</p>".encode(), None, "<p>年度</p>"),
    ("<p>报告</p>".encode(), "text/html; charset=nonsense", "<p>报告</p>"),
    # no charset anywhere: detected
    (("<html><body><p>" + "在市委市政府的正确领导下,坚持以法治思想为指导,依法履行职能。" * 4 + "</p></body></html>")
     .encode("gbk"), None, "依法履行职能"),
]


@pytest.mark.parametrize("body, content_type, expected", DECODE)
def test_decode_page(body, content_type, expected):
    assert expected in decode_page(body, content_type)


def test_html_items_take_the_title_attribute_and_the_date_of_the_list_item():
    page = ('<div class="nav"><a href="/">首页</a></div><ul class="list">'
            '<li><a href="a1.html" title="全标题">全…</a><span>2024-3-8</span></li>'
            '<li><a href="javascript:void(0)">打印</a></li><li><a href="#top">顶部</a></li></ul>'
            '<table><tr><td><a href="b.html">乙</a></td><td>2023年03月30日</td></tr></table>')
    items = html_items(page, "http://x.gov.cn/fzzf/index.html")
    assert [(i.url, i.title, i.date) for i in items] == [
        ("http://x.gov.cn/", "首页", None), ("http://x.gov.cn/fzzf/a1.html", "全标题", "2024-03-08"),
        ("http://x.gov.cn/fzzf/b.html", "乙", "2023-03-30")]
    picked = html_items(page, "http://x.gov.cn/fzzf/index.html", "ul.list li")
    assert [i.title for i in picked] == ["全标题"]
    assert [i.title for i in html_items(page, "http://x.gov.cn/", "//table//tr")] == ["乙"]


SELECTORS = [
    ("li", "//li"),
    ("ul.list li", "//ul[contains(concat(' ', normalize-space(@class), ' '), ' list ')]//li"),
    ("#news > li", "//*[@id='news']/li"),
    ("div.a.b", "//div[contains(concat(' ', normalize-space(@class), ' '), ' a ')]"
                "[contains(concat(' ', normalize-space(@class), ' '), ' b ')]"),
]


@pytest.mark.parametrize("css, xpath", SELECTORS)
def test_css_to_xpath(css, xpath):
    assert css_to_xpath(css) == xpath


@pytest.mark.parametrize("css", ["li:first-child", "a[href]", ""])
def test_css_beyond_the_simple_forms_is_refused(css):
    with pytest.raises(ValueError):
        css_to_xpath(css)


def test_hanweb_datastore_records_and_page_count():
    page = (FIXTURES / "col/col1229/index.html").read_text(encoding="utf-8")
    url = "http://n.gov.cn/col/col1229/index.html"
    items = datastore_items(page, url)
    assert [i.date for i in items] == ["2024-03-25", "2024-02-02", "2023-03-20"]
    assert items[0].url == "http://n.gov.cn/art/2024/3/25/art_1229_101.html"
    assert items[0].title == "宁波市科学技术局2023年度法治政府建设情况报告"  # the title attribute, not the cut text
    fam = family_for(url)
    assert fam.name == "hanweb" and page_total(fam, page, len(items)) == 2  # 5 records, 3 a page
    assert page_url(fam, url, page, 2) == url + "?uid=4501&pageNum=2"


@pytest.mark.parametrize("record", [
    '<li><a href="/art/1.html" title="甲2023年度法治政府建设情况报告">甲…</a><span>2024-03-28</span></li>',
    '<table><tr><td><a href="/art/1.html" title="甲2023年度法治政府建设情况报告">甲…</a></td>'
    '<td>[2024-03-28]</td></tr></table>',
    '<div class="row"><a href="/art/1.html" title="甲2023年度法治政府建设情况报告">甲…</a><b>2024年3月28日</b></div>',
])
def test_hanweb_records_of_any_template(record):
    page = f'<script type="text/xml"><datastore><recordset><record><![CDATA[{record}]]></record></recordset></datastore>'
    (item,) = datastore_items(page, "http://n.gov.cn/col/col1/index.html")
    assert (item.url, item.title, item.date) == ("http://n.gov.cn/art/1.html", "甲2023年度法治政府建设情况报告", "2024-03-28")


def test_a_link_nested_in_its_list_entry_gets_the_entry_date():
    page = '<ul><li><div class="t"><span><a href="a.html">甲</a></span></div><i>2023-03-30</i></li></ul>'
    assert html_items(page, "http://x.gov.cn/")[0].date == "2023-03-30"


def test_platform_json_list_and_its_api_address():
    import json

    url = "http://p.gov.cn/gkmlpt/index#2375"
    page = (FIXTURES / "gkmlpt/index").read_text(encoding="utf-8")
    fam = family_for(url)
    assert fam.name == "platform"
    assert page_url(fam, url, page, 1) == "http://p.gov.cn/gkmlpt/api/all/2375?page=1&sid=755031"
    data = json.loads((FIXTURES / "gkmlpt/api/all/2375@page=1&sid=755031").read_text(encoding="utf-8"))
    items = json_items(data, url, fam.json_items, fam.json_title, fam.json_url, fam.json_date)
    assert [(i.url, i.date) for i in items] == [
        ("http://p.gov.cn/gkmlpt/content/9/9512/post_9512345.html", "2024-03-28"),
        ("http://p.gov.cn/gkmlpt/content/9/9500/post_9500001.html", "2023-12-07")]


@pytest.mark.parametrize("value, date", [(1711584000, "2024-03-28"), (1711584000000, "2024-03-28"),
                                         (1711555200, "2024-03-28"),  # 00:00 in Beijing is 16:00 UTC the day before
                                         ("2024-03-28 10:00:00", "2024-03-28"), (None, None), ("", None)])
def test_json_dates(value, date):
    assert json_date(value) == date


FAMILIES = [
    ("http://a.gov.cn/col/col1229/index.html", "hanweb"),
    ("http://a.gov.cn/col/col1229/", "hanweb"),
    ("http://a.gov.cn/gkmlpt/index#2375", "platform"),
    ("http://a.gov.cn/fzzf/index.html", "static_paged"),
    ("http://a.gov.cn/fzzf/", "static_paged"),
    ("http://a.gov.cn/fzzf/index_3.shtml", "static_paged"),
    ("http://a.gov.cn/plain/list.html", "plain"),
    ("http://a.gov.cn/module/list.jsp?cat=1", "plain"),
]


@pytest.mark.parametrize("url, name", FAMILIES)
def test_family_by_address(url, name):
    assert family_for(url).name == name


def test_static_pages_count_from_create_page_html():
    fam = family_for("http://b.gov.cn/fzzf/index.html")
    page = (FIXTURES / "fzzf/index.html").read_text(encoding="utf-8")
    assert page_total(fam, page, 4) == 3
    assert [page_url(fam, "http://b.gov.cn/fzzf/index.html", page, n) for n in (2, 3)] == [
        "http://b.gov.cn/fzzf/index_1.html", "http://b.gov.cn/fzzf/index_2.html"]
    assert page_total(fam, "<ul></ul>", 4) is None  # no count: walk until a page brings nothing new


def test_a_site_row_overrides_the_family_selector_and_pages():
    sites = [{"url_prefix": "http://c.gov.cn/zwgk/", "family": "plain", "items": "div.news li",
              "next_page": "{dir}list_{n}.shtml"}]
    fam = family_for("http://c.gov.cn/zwgk/fzzf/list.shtml", sites=sites)
    assert (fam.name, fam.items) == ("plain", "div.news li")
    assert page_url(fam, "http://c.gov.cn/zwgk/fzzf/list.shtml", "", 2) == "http://c.gov.cn/zwgk/fzzf/list_2.shtml"
    # the column's own values win over the site row's
    assert family_for("http://c.gov.cn/zwgk/x.html", {"items": "ul li"}, sites=sites).items == "ul li"
    assert family_for("http://d.gov.cn/zwgk/x.html", sites=sites).name == "plain"
    with pytest.raises(RuleError, match="unknown family"):
        family_for("http://c.gov.cn/a.html", {"family": "nosuch"})


def test_the_shipped_families_load():
    assert list(load_families()) == ["hanweb", "platform", "static_paged", "plain"]


def test_attachments_and_wrapper_pages():
    page = ('<p>详见附件。</p><a href="/picture/0/a.docx">附件1</a> <a href="files/b.PDF">b</a> '
            '<a href="/down?id=3">报告.doc</a> <a href="/x.html">其他</a> <a href="/picture/0/a.docx">again</a>')
    assert attachments(page, "http://q.gov.cn/art/1.html") == [
        "http://q.gov.cn/picture/0/a.docx", "http://q.gov.cn/art/files/b.PDF", "http://q.gov.cn/down?id=3"]
    assert visible_text_length(page) < 20
    assert visible_text_length("<script>var a='很多很多字';</script><p>三个字</p>") == 3


FILE_NAMES = [
    ("http://www.a.gov.cn/art/2024/3/1/art_5_9.html", "www.a.gov.cn/art/2024/3/1/art_5_9.html"),
    ("http://a.gov.cn/fzzf/", "a.gov.cn/fzzf/index.html"),
    ("http://a.gov.cn/gkmlpt/content/9/post_9.html", "a.gov.cn/gkmlpt/content/9/post_9.html"),
    ("http://a.gov.cn/files/%E6%8A%A5%E5%91%8A.pdf", "a.gov.cn/files/报告.pdf"),
    ("http://a.gov.cn/art/view.jsp", "a.gov.cn/art/view.jsp.html"),
    ("http://a.gov.cn:8080/../../etc/passwd", "a.gov.cn_8080/_/_/etc/passwd.html"),  # ../ never climbs out
]


@pytest.mark.parametrize("url, name", FILE_NAMES)
def test_file_names_stay_inside_the_folder(url, name):
    assert file_name(url) == name
