"""A test client of the member API: logs in through `POST /api/v2/auth/token/` like an app.

    app = MemberApp(client)             # pytest-django's `client`
    app.login("demo-enterprise", "pw")  # a real token from the login endpoint
    response = app.post("/api/v2/me/orders/", {"service_product": 7, …})

Requests carry `Authorization: Bearer <token>` and JSON bodies (or multipart with `files=`).
"""

import json

TOKEN_URL = "/api/v2/auth/token/"


class MemberApp:
    def __init__(self, client, token=None):
        self.client = client
        self.token = token

    def login(self, username, password, **extra):
        response = self.client.post(
            TOKEN_URL,
            json.dumps({"username": username, "password": password, **extra}),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content.decode()
        self.token = response.json()["token"]
        return self

    def _headers(self, headers):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        return {**auth, **(headers or {})}

    def get(self, url, params=None, headers=None):
        return self.client.get(url, params or {}, **self._headers(headers))

    def post(self, url, data=None, files=None, headers=None):
        if files is not None:
            return self.client.post(url, {**(data or {}), **files}, **self._headers(headers))
        return self.client.post(
            url,
            json.dumps(data or {}),
            content_type="application/json",
            **self._headers(headers),
        )

    def patch(self, url, data=None, headers=None):
        return self.client.patch(
            url, json.dumps(data or {}), content_type="application/json", **self._headers(headers)
        )

    def delete(self, url, headers=None):
        return self.client.delete(url, **self._headers(headers))
