package io.cipherocto.market.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.Map;

/** Posts GraphQL documents the way a web frontend does. */
public final class Gql {

    private Gql() {
    }

    public static ValidatableResponse anonymous(String document, Object... variables) {
        return post(given(), document, variables);
    }

    public static ValidatableResponse as(TestUser user, String document, Object... variables) {
        return withToken(Tokens.of(user), document, variables);
    }

    public static ValidatableResponse withToken(String token, String document, Object... variables) {
        return post(given().auth().oauth2(token), document, variables);
    }

    private static ValidatableResponse post(RequestSpecification spec, String document, Object... variables) {
        Map<String, Object> vars = new HashMap<>();
        for (int i = 0; i + 1 < variables.length; i += 2) {
            vars.put((String) variables[i], variables[i + 1]);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", vars);
        return spec.contentType(ContentType.JSON).body(body).post("/graphql").then().log().ifValidationFails();
    }
}
