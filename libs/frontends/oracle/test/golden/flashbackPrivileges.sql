-- rule: goe-orchestration-and-cli.md §5 (consistent read AS OF SCN, which needs FLASHBACK on another user's table or FLASHBACK ANY TABLE) and §9.2 (connect checks the frontend's privileges); issue #16 (goe connect reports flashback privileges)
SELECT
  (SELECT COUNT(*) FROM session_privs WHERE privilege = 'FLASHBACK ANY TABLE') AS "ANY_TABLE",
  (SELECT COUNT(*) FROM all_tab_privs WHERE privilege = 'FLASHBACK' AND grantee IN (USER, 'PUBLIC')) AS "GRANTED",
  (SELECT COUNT(*) FROM role_tab_privs WHERE privilege = 'FLASHBACK' AND role IN (SELECT role FROM session_roles)) AS "BY_ROLE"
FROM dual;
