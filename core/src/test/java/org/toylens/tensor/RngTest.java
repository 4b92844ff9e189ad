package org.toylens.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void sameSeedSameSequenceAndStateRestoresIt() {
    Rng a = Rng.of(5), b = Rng.of(5);
    for (int i = 0; i < 100; i++) assertThat(a.nextLong()).isEqualTo(b.nextLong());
    long state = a.state();
    long next = a.nextLong();
    assertThat(Rng.fromState(state).nextLong()).isEqualTo(next);
    assertThat(Rng.of(6).nextLong()).isNotEqualTo(Rng.of(5).nextLong());
  }

  @Test
  void splitStreamsDependOnNameNotOnOtherConsumers() {
    Rng root = Rng.of(1);
    long init = root.split("init").nextLong();
    Rng other = Rng.of(1);
    other.split("noise").nextLong(); // a new consumer elsewhere
    assertThat(other.split("init").nextLong()).isEqualTo(init);
    assertThat(root.split("data").nextLong()).isNotEqualTo(init);
    assertThat(root.split("chain", 0).nextLong()).isNotEqualTo(root.split("chain", 1).nextLong());
  }

  @Test
  void distributionsHaveTheRightMoments() {
    Rng r = Rng.of(2);
    int n = 200_000;
    double s = 0, sq = 0, u = 0;
    for (int i = 0; i < n; i++) {
      double g = r.nextGaussian();
      s += g;
      sq += g * g;
      u += r.nextDouble();
    }
    assertThat(s / n).isCloseTo(0, within(0.01));
    assertThat(sq / n).isCloseTo(1, within(0.01));
    assertThat(u / n).isCloseTo(0.5, within(0.005));
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) counts[r.nextInt(7)]++;
    for (int c : counts) assertThat(c).isBetween(9_500, 10_500);
  }

  @Test
  void permutationIsAPermutation() {
    int[] p = Rng.of(3).permutation(1000);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 1000; i++) assertThat(sorted[i]).isEqualTo(i);
    assertThat(p).isNotEqualTo(sorted);
  }

  @Test
  void drawAtGivesAnyDrawOfAStreamOnItsOwn() {
    Rng stream = Rng.of(17).split("counter");
    long state = stream.state();
    for (long t = 0; t < 100; t++) {
      assertThat(Rng.drawAt(state, t)).as("draw %d", t).isEqualTo(stream.nextLong());
    }
  }
}
