from tests.security.conftest import *  # noqa

def test_smoke(stack, tokens, interventions, identity_provider):
    print(interventions)
    for login, token in tokens.items():
        with api(stack, token) as c:
            print(login, c.get("/api/me").json())
            print(login, [i["intervention_id"] for i in c.get("/api/interventions").json()["interventions"]])
    c = dashboard_client(stack, identity_provider, CROYDON)
    print(c.get("/").status_code)
