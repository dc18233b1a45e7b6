package io.pitcrew.lab;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code kubectl get rolebindings} and {@code clusterrolebindings}: ROLE, AGE; wide: USERS, GROUPS, SERVICEACCOUNTS. */
final class RoleBindingTable implements KindTable {

    private static final List<TableColumn> COLUMNS = List.of(
            TableColumn.objectName(),
            TableColumn.string("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
            TableColumn.age(),
            TableColumn.string("Users", "Users in the roleBinding").wide(),
            TableColumn.string("Groups", "Groups in the roleBinding").wide(),
            TableColumn.string("ServiceAccounts", "ServiceAccounts in the roleBinding").wide());

    @Override
    public List<TableColumn> columns() { return COLUMNS; }

    @Override
    public List<Object> cells(JsonNode binding, Instant now) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (JsonNode s : binding.path("subjects")) {
            String name = s.path("name").asString("");
            switch (s.path("kind").asString("")) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> accounts.add(s.path("namespace").asString("") + "/" + name);
                default -> { }
            }
        }
        JsonNode role = binding.path("roleRef");
        return List.of(Cells.name(binding), role.path("kind").asString("") + "/" + role.path("name").asString(""),
                Cells.age(binding, now), String.join(", ", users), String.join(", ", groups), String.join(", ", accounts));
    }
}
