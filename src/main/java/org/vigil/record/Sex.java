package org.vigil.record;

public enum Sex {
    FEMALE, MALE
}
