package io.pitcrew.cli;
public class Pitcrew { public static void main(String[] a) { System.out.println("hi"); } }
