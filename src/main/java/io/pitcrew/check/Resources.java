package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A cpu and memory amount in base units (cores, bytes), summed exactly with BigDecimal so "3812m" and
 * "27841236Ki" add up without float drift.
 */
public record Resources(BigDecimal cpu, BigDecimal memory) {

    public static final Resources ZERO = new Resources(BigDecimal.ZERO, BigDecimal.ZERO);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal GI = BigDecimal.valueOf(1024L * 1024 * 1024);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** cpu and memory of a resource map (allocatable, usage, requests); a missing or bad entry counts as zero. */
    public static Resources of(Map<String, Quantity> quantities) {
        if (quantities == null) return ZERO;
        return new Resources(amount(quantities.get("cpu")), amount(quantities.get("memory")));
    }

    public static BigDecimal amount(Quantity q) {
        if (q == null || q.getAmount() == null) return BigDecimal.ZERO;
        try {
            return Quantity.getAmountInBytes(q);
        } catch (ArithmeticException | IllegalArgumentException e) {
            return BigDecimal.ZERO;
        }
    }

    /** What a pod's app containers request; init containers finish before it runs. */
    public static Resources requests(Pod p) {
        Resources sum = ZERO;
        if (p.getSpec() == null || p.getSpec().getContainers() == null) return sum;
        for (Container c : p.getSpec().getContainers()) {
            if (c.getResources() != null) sum = sum.plus(of(c.getResources().getRequests()));
        }
        return sum;
    }

    /** "4", "3.5": whole cores as a person writes them. */
    public static String cores(BigDecimal cores) {
        return cores.stripTrailingZeros().toPlainString();
    }

    public Resources plus(Resources other) {
        return new Resources(cpu.add(other.cpu), memory.add(other.memory));
    }

    /** Whole percent of {@code part} in {@code whole}, rounded down (so 95.9% never reads as a 96% breach). */
    public static int percent(BigDecimal part, BigDecimal whole) {
        if (whole.signum() <= 0) return 0;
        return part.multiply(HUNDRED).divide(whole, 0, RoundingMode.FLOOR).intValue();
    }

    /** Exact test of part >= threshold% of whole, without rounding. */
    public static boolean atLeast(BigDecimal part, BigDecimal whole, int thresholdPercent) {
        return whole.signum() > 0
                && part.multiply(HUNDRED).compareTo(whole.multiply(BigDecimal.valueOf(thresholdPercent))) >= 0;
    }

    /** "15168m". */
    public static String millicores(BigDecimal cores) {
        return cores.multiply(THOUSAND).setScale(0, RoundingMode.HALF_UP).toPlainString() + "m";
    }

    /** "26.6Gi". */
    public static String gibibytes(BigDecimal bytes) {
        return bytes.divide(GI, 1, RoundingMode.HALF_UP).toPlainString() + "Gi";
    }

    /** "cpu 96% (15168m of 15800m)". */
    public static String cpuLine(BigDecimal used, BigDecimal of) {
        return "cpu " + percent(used, of) + "% (" + millicores(used) + " of " + millicores(of) + ")";
    }

    /** "memory 93% (29.1Gi of 31.3Gi)". */
    public static String memoryLine(BigDecimal used, BigDecimal of) {
        return "memory " + percent(used, of) + "% (" + gibibytes(used) + " of " + gibibytes(of) + ")";
    }
}
