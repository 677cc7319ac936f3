-- Coverage by province of round BENCH2026: expected = the systems frozen at opening,
-- received = those with a current submission; old provinces roll up through merged_into.
SELECT coalesce(m.code, u.code) AS province,
       count(*) AS expected,
       count(s.id) AS received,
       count(*) - count(s.id) AS missing,
       round(100.0 * count(s.id) / count(*), 1) AS percent
FROM campaign_systems cs
JOIN campaigns c ON c.id = cs.campaign_id AND c.code = 'BENCH2026'
LEFT JOIN units u ON u.id = cs.unit_id
LEFT JOIN units m ON m.id = u.merged_into_id
LEFT JOIN submissions s ON s.campaign_id = cs.campaign_id AND s.system_id = cs.system_id AND s.is_current = 1
GROUP BY 1
ORDER BY 1;
