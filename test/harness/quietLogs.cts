// n8n's logger prints every failed request of the error-path tests; keep the test output
// readable. N8N_LOG_LEVEL=info npm test shows them.
process.env.N8N_LOG_LEVEL ??= 'silent';
