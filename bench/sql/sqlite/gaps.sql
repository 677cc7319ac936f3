-- Top 10 gaps of round BENCH2026: per compliance question, the answers other than "na" in
-- current submissions, how many are "no" and "partial", and the failing share; worst first.
-- submissions.answers packs one value per question in questionnaire order, separated by
-- U+001F (U+001E marks "does not apply"). SQLite has no split function: each packed row is
-- turned into a JSON array (escaping what JSON strings may not hold) and read with json_each.
WITH c AS (SELECT id, questionnaire_id FROM campaigns WHERE code = 'BENCH2026'),
q AS (
  SELECT row_number() OVER (ORDER BY CAST(s.key AS INTEGER), CAST(x.key AS INTEGER)) AS pos,
         json_extract(x.value, '$.id') AS id, json_extract(x.value, '$.type') AS type
  FROM c JOIN questionnaires d ON d.id = c.questionnaire_id,
       json_each(d.document, '$.sections') AS s, json_each(s.value, '$.questions') AS x
),
a AS (
  SELECT CAST(j.key AS INTEGER) + 1 AS pos, j.value AS value
  FROM submissions sub JOIN c ON c.id = sub.campaign_id,
       json_each('["' || replace(replace(replace(replace(replace(replace(replace(sub.answers,
         '\', '\\'), '"', '\"'), char(10), ' '), char(13), ' '), char(9), ' '), char(30), ''),
         char(31), '","') || '"]') AS j
  WHERE sub.is_current = 1 AND j.value IN ('yes', 'partial', 'no')
)
SELECT q.id AS question,
       count(*) AS answered,
       sum(a.value = 'no') AS no,
       sum(a.value = 'partial') AS partial,
       printf('%.1f', 100.0 * total(a.value <> 'yes') / count(*)) AS failing
FROM a JOIN q ON q.pos = a.pos AND q.type = 'compliance'
GROUP BY q.id, q.pos
ORDER BY 100.0 * total(a.value <> 'yes') / count(*) DESC, 3 DESC, q.pos
LIMIT 10;
