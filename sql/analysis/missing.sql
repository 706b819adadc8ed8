-- question: with the column list of `fazhi collect` as the expected publishers, who published no report
-- for a year, and who published it after 1 April of the following year?
-- parameters: columns (the CSV of column URLs: url, agency, region_code), year. Unset year means every
-- year the warehouse holds. A report counts for a column when its agency is the column's agency (or a
-- former name of it), or, for a column without an agency, when its page is on the column's host.
-- required: columns
with expected as (
    select
        url as column_url,
        nullif(trim(agency), '') as agency,
        split_part(url, '/', 3) as host
    from read_csv(getvariable('columns'), header = true, all_varchar = true)
),
reports as (
    select * from current_report
),
years as (
    select distinct report_year from reports
    where report_year is not null
      and (getvariable('year')::integer is null or report_year = getvariable('year')::integer)
    union
    select getvariable('year')::integer where getvariable('year')::integer is not null
),
names as (
    select agency_id, agency_name from dim_agency
    union
    select agency_id, agency_name from dim_agency_name
),
published as (
    -- each report under every name its agency has had, with the host of its page
    select r.report_id, r.report_year, r.publish_date, coalesce(n.agency_name, r.agency_name) as agency_name, split_part(r.url, '/', 3) as host
    from reports as r
    left join names as n on n.agency_id = r.agency_id
),
matched as (
    select
        e.column_url,
        e.agency,
        y.report_year,
        min(p.publish_date) as publish_date,
        count(distinct p.report_id) as n_reports
    from expected as e
    cross join years as y
    left join published as p
        on p.report_year = y.report_year
       and (p.agency_name = e.agency or (e.agency is null and p.host = e.host))
    group by all
),
final as (
    select
        report_year,
        coalesce(agency, column_url) as publisher,
        case when n_reports = 0 then 'no report'
             when publish_date > make_date(report_year + 1, 4, 1) then 'late'
        end as status,
        publish_date,
        (publish_date - make_date(report_year + 1, 4, 1))::integer as days_late,
        column_url
    from matched
)
select * from final
where status is not null
order by report_year, status, publisher;
