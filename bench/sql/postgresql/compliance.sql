-- Compliance by province of round BENCH2026: how many current submissions carry a score,
-- their mean and median, and how many fall in each 20-point band (80-100 includes 100).
SELECT coalesce(m.code, u.code) AS province,
       count(s.score) AS scored,
       round(avg(s.score)::numeric, 1) AS mean,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s.score)::numeric, 1) AS median,
       count(*) FILTER (WHERE s.score < 20) AS "0-20",
       count(*) FILTER (WHERE s.score >= 20 AND s.score < 40) AS "20-40",
       count(*) FILTER (WHERE s.score >= 40 AND s.score < 60) AS "40-60",
       count(*) FILTER (WHERE s.score >= 60 AND s.score < 80) AS "60-80",
       count(*) FILTER (WHERE s.score >= 80) AS "80-100"
FROM campaign_systems cs
JOIN campaigns c ON c.id = cs.campaign_id AND c.code = 'BENCH2026'
LEFT JOIN units u ON u.id = cs.unit_id
LEFT JOIN units m ON m.id = u.merged_into_id
LEFT JOIN submissions s ON s.campaign_id = cs.campaign_id AND s.system_id = cs.system_id AND s.is_current = 1
GROUP BY 1
ORDER BY 1;
