"""The one SQL query both Datasette and the floor answer: the API's first page
of 50 agreements (`/api/v1/agreements/?page_size=50`, ordered by title) with
their parties' names."""

AGREEMENTS_WITH_PARTIES = """
select a.id, a.slug, a.title, a.kind, a.status, a.announced_on,
       a.announced_precision, a.expires_on, a.expires_precision,
       a.value_amount, a.value_currency, a.value_qualifier,
       (select group_concat(c.name, '; ')
          from partnerships_agreementparty p
          join partnerships_company c on c.id = p.company_id
         where p.agreement_id = a.id) as parties
  from partnerships_agreement a
 where a.publication_status = 'published'
 order by a.title, a.id
 limit 50
"""
