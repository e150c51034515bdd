package dev.vigil.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All occurrences of many literals in one pass over a text (Aho and Corasick, 1975): a trie of the literals with
 * failure links, so that the cost of a search is the length of the text plus the matches, whatever the number of
 * literals. Transitions are kept per state as a sorted array of characters (searched linearly when short, by
 * bisection when long); immutable once built, so one automaton serves every thread.
 */
final class AhoCorasick {

    /** Receives each occurrence: which literal, and where it ends (exclusive) in the text. */
    @FunctionalInterface
    interface Hits {
        void hit(int literal, int end);
    }

    /** Per state, its outgoing characters (sorted) and the states they lead to: no boxing on the search path. */
    private char[][] keys;
    private int[][] targets;
    private int[] failure;
    /** Per state, the literals that end there (including through failure links). */
    private int[][] outputs;
    private final int[] lengths;

    AhoCorasick(List<String> literals) {
        List<Map<Character, Integer>> transitions = new ArrayList<>();
        lengths = new int[literals.size()];
        List<List<Integer>> ends = new ArrayList<>();
        transitions.add(new HashMap<>());
        ends.add(new ArrayList<>());
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            lengths[i] = literal.length();
            int state = 0;
            for (int c = 0; c < literal.length(); c++) {
                Integer next = transitions.get(state).get(literal.charAt(c));
                if (next == null) {
                    next = transitions.size();
                    transitions.add(new HashMap<>());
                    ends.add(new ArrayList<>());
                    transitions.get(state).put(literal.charAt(c), next);
                }
                state = next;
            }
            ends.get(state).add(i);
        }
        failure = new int[transitions.size()];
        outputs = new int[transitions.size()][];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        outputs[0] = ends.get(0).stream().mapToInt(Integer::intValue).toArray();
        for (int child : transitions.get(0).values()) {
            failure[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            int[] own = ends.get(state).stream().mapToInt(Integer::intValue).toArray();
            int[] inherited = outputs[failure[state]];
            int[] all = Arrays.copyOf(own, own.length + inherited.length);
            System.arraycopy(inherited, 0, all, own.length, inherited.length);
            outputs[state] = all;
            for (Map.Entry<Character, Integer> edge : transitions.get(state).entrySet()) {
                int child = edge.getValue();
                int fallback = failure[state];
                while (fallback != 0 && !transitions.get(fallback).containsKey(edge.getKey())) {
                    fallback = failure[fallback];
                }
                Integer target = transitions.get(fallback).get(edge.getKey());
                failure[child] = target != null && target != child ? target : 0;
                queue.add(child);
            }
        }
        compile(transitions);
    }

    private void compile(List<Map<Character, Integer>> transitions) {
        keys = new char[transitions.size()][];
        targets = new int[transitions.size()][];
        for (int state = 0; state < transitions.size(); state++) {
            Map<Character, Integer> edges = new java.util.TreeMap<>(transitions.get(state));
            keys[state] = new char[edges.size()];
            targets[state] = new int[edges.size()];
            int i = 0;
            for (Map.Entry<Character, Integer> edge : edges.entrySet()) {
                keys[state][i] = edge.getKey();
                targets[state][i] = edge.getValue();
                i++;
            }
        }
    }

    private int next(int state, char c) {
        char[] out = keys[state];
        if (out.length <= 8) {
            for (int i = 0; i < out.length; i++) {
                if (out[i] == c) {
                    return targets[state][i];
                }
            }
            return -1;
        }
        int found = Arrays.binarySearch(out, c);
        return found < 0 ? -1 : targets[state][found];
    }

    int length(int literal) {
        return lengths[literal];
    }

    /** Reports every occurrence of every literal in the text. */
    void search(String text, Hits hits) {
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next = next(state, c);
            while (next < 0 && state != 0) {
                state = failure[state];
                next = next(state, c);
            }
            state = next < 0 ? 0 : next;
            int[] found = outputs[state];
            for (int literal : found) {
                hits.hit(literal, i + 1);
            }
        }
    }
}
