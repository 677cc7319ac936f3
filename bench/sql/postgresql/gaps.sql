-- Top 10 gaps of round BENCH2026: per compliance question, the answers other than "na" in
-- current submissions, how many are "no" and "partial", and the failing share; worst first.
-- submissions.answers packs one value per question in questionnaire order, separated by
-- U+001F (U+001E marks "does not apply"); the question order comes from the stored document.
WITH c AS (SELECT id, questionnaire_id FROM campaigns WHERE code = 'BENCH2026'),
q AS (
  SELECT row_number() OVER (ORDER BY s.ord, x.ord) AS pos, x.q ->> 'id' AS id, x.q ->> 'type' AS type
  FROM c JOIN questionnaires d ON d.id = c.questionnaire_id,
       jsonb_array_elements(d.document::jsonb -> 'sections') WITH ORDINALITY AS s(sec, ord),
       jsonb_array_elements(s.sec -> 'questions') WITH ORDINALITY AS x(q, ord)
),
a AS (
  SELECT v.pos, v.value
  FROM submissions sub JOIN c ON c.id = sub.campaign_id,
       unnest(string_to_array(sub.answers, chr(31))) WITH ORDINALITY AS v(value, pos)
  WHERE sub.is_current = 1 AND v.value IN ('yes', 'partial', 'no')
)
SELECT q.id AS question,
       count(*) AS answered,
       count(*) FILTER (WHERE a.value = 'no') AS no,
       count(*) FILTER (WHERE a.value = 'partial') AS partial,
       round(100.0 * count(*) FILTER (WHERE a.value <> 'yes') / count(*), 1) AS failing
FROM a JOIN q ON q.pos = a.pos AND q.type = 'compliance'
GROUP BY q.id, q.pos
ORDER BY 100.0 * count(*) FILTER (WHERE a.value <> 'yes') / count(*) DESC, 3 DESC, q.pos
LIMIT 10;
