// Development only: an access token for a realm user through the retort-cli password grant (the
// realm's development users; disable that client in production). Shared by the scripts that act as
// those users.

/**
 * Signs `username` in. With `attempts` > 1, a refusal is retried every 3 s: the realm's brute-force
 * protection may lock a shared development user out for a while after someone else's wrong passwords.
 */
export async function devPasswordToken({ keycloak, realm, username, password, attempts = 1 }) {
  const url = `${keycloak.replace(/\/+$/, '')}/realms/${realm}/protocol/openid-connect/token`;
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: 'retort-cli', username, password }),
    });
    if (response.ok) return (await response.json()).access_token;
    const answer = `HTTP ${response.status} ${await response.text()}`;
    if (attempt >= attempts) throw new Error(`sign-in of ${username} failed: ${answer}`);
    console.log(`sign-in of ${username}: ${answer}; retrying in 3 s`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}
