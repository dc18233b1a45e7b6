package io.pitcrew.server;

import io.javalin.security.RouteRole;

/** The least role a route needs, attached to the route when it is registered so the guard and the tests read it. */
record RequiredRole(Role role) implements RouteRole {

    static final RequiredRole VIEWER = new RequiredRole(Role.VIEWER);
    static final RequiredRole RESPONDER = new RequiredRole(Role.RESPONDER);
    static final RequiredRole COMMANDER = new RequiredRole(Role.COMMANDER);
}
