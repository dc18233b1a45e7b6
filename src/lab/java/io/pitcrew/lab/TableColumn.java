package io.pitcrew.lab;

/**
 * One column of a server-side Table (meta.k8s.io/v1 TableColumnDefinition). kubectl prints priority-0 columns always
 * and priority-1 ones with {@code -o wide} only; the server sends the cells of both.
 */
record TableColumn(String name, String type, String format, String description, int priority) {

    /** The Name column every kind starts with (format "name": kubectl prefixes it with the kind for several kinds). */
    static TableColumn objectName() {
        return new TableColumn("Name", "string", "name",
                "Name must be unique within a namespace. Is required when creating resources, although some resources may "
                        + "allow a client to request the generation of an appropriate name automatically.", 0);
    }

    /** The Age column: the object's creationTimestamp as kubectl's HumanDuration. */
    static TableColumn age() {
        return string("Age", "CreationTimestamp is a timestamp representing the server time when this object was created.");
    }

    /** The wide CONTAINERS column of a workload: its template's container names. */
    static TableColumn containers() {
        return string("Containers", "Names of each container in the template.").wide();
    }

    /** The wide IMAGES column of a workload: its template's images. */
    static TableColumn images() {
        return string("Images", "Images referenced by each container in the template.").wide();
    }

    static TableColumn string(String name, String description) {
        return new TableColumn(name, "string", "", description, 0);
    }

    static TableColumn integer(String name, String description) {
        return new TableColumn(name, "integer", "", description, 0);
    }

    /** The same column shown with {@code -o wide} only. */
    TableColumn wide() {
        return new TableColumn(name, type, format, description, 1);
    }
}
