-- question: how does the use of policy terms (放管服, 习近平法治思想 ...) change over the years, per level?
-- parameters: term (a term_code or the Chinese term), level. Unset parameters mean "all".
with mentions as (
    -- one row per report and term, so reports using a term are counted with count(*) (fct_term_mention
    -- has a row per level-1 section: grouping it by report was most of this question's time)
    select report_id, term_code, n_mentions
    from fct_report_term
),
reports as (
    select * from current_report
),
terms as (
    select * from dim_policy_term
),
per_year as (
    select
        r.report_year,
        r.admin_level,
        count(*) as n_reports
    from reports as r
    group by all
),
used as (
    select
        r.report_year,
        r.admin_level,
        t.term_code,
        t.term,
        sum(m.n_mentions) as n_mentions,
        count(*) as n_reports_using
    from mentions as m
    join reports as r on r.report_id = m.report_id
    join terms as t on t.term_code = m.term_code
    where (getvariable('term')::varchar is null or t.term_code = getvariable('term')::varchar or t.term = getvariable('term')::varchar)
      and (getvariable('level')::varchar is null or r.admin_level = getvariable('level')::varchar)
    group by all
),
final as (
    select
        u.report_year,
        u.admin_level,
        u.term_code,
        u.term,
        u.n_mentions,
        u.n_reports_using,
        p.n_reports,
        round(1.0 * u.n_mentions / p.n_reports, 2) as mentions_per_report,
        round(100.0 * u.n_reports_using / p.n_reports, 1) as reports_using_pct
    from used as u
    join per_year as p on p.report_year = u.report_year and p.admin_level = u.admin_level
)
select * from final
order by term_code, admin_level, report_year;
