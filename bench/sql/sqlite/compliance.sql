-- Compliance by province of round BENCH2026: how many current submissions carry a score,
-- their mean and median, and how many fall in each 20-point band (80-100 includes 100).
WITH g AS (
  SELECT coalesce(m.code, u.code) AS province, s.score AS score
  FROM campaign_systems cs
  JOIN campaigns c ON c.id = cs.campaign_id AND c.code = 'BENCH2026'
  LEFT JOIN units u ON u.id = cs.unit_id
  LEFT JOIN units m ON m.id = u.merged_into_id
  LEFT JOIN submissions s ON s.campaign_id = cs.campaign_id AND s.system_id = cs.system_id AND s.is_current = 1
),
ranked AS (
  SELECT province, score,
         row_number() OVER (PARTITION BY province ORDER BY score) AS rn,
         count(*) OVER (PARTITION BY province) AS n
  FROM g WHERE score IS NOT NULL
),
med AS (
  SELECT province, avg(score) AS median FROM ranked
  WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY province
)
SELECT g.province,
       count(g.score) AS scored,
       printf('%.1f', avg(g.score)) AS mean,
       printf('%.1f', med.median) AS median,
       coalesce(sum(g.score < 20), 0) AS "0-20",
       coalesce(sum(g.score >= 20 AND g.score < 40), 0) AS "20-40",
       coalesce(sum(g.score >= 40 AND g.score < 60), 0) AS "40-60",
       coalesce(sum(g.score >= 60 AND g.score < 80), 0) AS "60-80",
       coalesce(sum(g.score >= 80), 0) AS "80-100"
FROM g LEFT JOIN med ON med.province = g.province
GROUP BY g.province
ORDER BY g.province;
