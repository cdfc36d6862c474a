package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReadingsTest {

  @Test
  void aTextIsReadOnceWhileItIsHeld() {
    List<String> read = new ArrayList<>();
    TextReadings<Integer> lengths = new TextReadings<>(t -> {
      read.add(t);
      return t.length();
    }, 100);
    String text = "Sara has 3 bags.";
    Integer first = lengths.of(text);
    assertSame(first, lengths.of(new String(text.toCharArray())), "an equal text sent again is not read again");
    assertEquals(List.of(text), read);
  }

  @Test
  void theLeastRecentlyUsedTextsGoFirstOnceTheCharactersPassTheBound() {
    List<String> read = new ArrayList<>();
    TextReadings<Integer> lengths = new TextReadings<>(t -> {
      read.add(t);
      return t.length();
    }, 30);
    String a = "a".repeat(10), b = "b".repeat(10), c = "c".repeat(10), d = "d".repeat(10);
    lengths.of(a);
    lengths.of(b);
    lengths.of(c);
    lengths.of(a); // a is now the most recently used
    lengths.of(d); // 40 characters: b goes
    assertEquals(3, lengths.size());
    lengths.of(a);
    lengths.of(b);
    assertEquals(List.of(a, b, c, d, b), read, "a was held, b had been dropped");
  }

  @Test
  void aTextLongerThanTheBoundIsReadButNotHeld() {
    TextReadings<Integer> lengths = new TextReadings<>(String::length, 5);
    assertEquals(6, lengths.of("abcdef"));
    assertEquals(0, lengths.size());
  }
}
