package io.ptosim.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader} and picks one: the {@code --backend} flag, else the
 * {@code PTOSIM_BACKEND} environment variable, else the {@code ptosim.backend} system property, else
 * {@value #DEFAULT}.
 */
public final class Backends {
    /** The backend used when nothing names one. */
    public static final String DEFAULT = "sim";
    /** The environment variable that names a backend. */
    public static final String ENV = "PTOSIM_BACKEND";
    /** The system property that names a backend. */
    public static final String PROPERTY = "ptosim.backend";

    private Backends() {
    }

    /** Every installed provider, by name. */
    public static List<BackendProvider> installed() {
        List<BackendProvider> all = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(all::add);
        all.sort(Comparator.comparing(BackendProvider::name));
        return all;
    }

    /** The name to use: {@code flag} if given, else the environment, else the system property, else the default. */
    public static String chosenName(String flag, Map<String, String> env) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return System.getProperty(PROPERTY, DEFAULT);
    }

    /**
     * The provider named by {@link #chosenName}, if installed and available.
     *
     * @throws BackendException listing the installed providers and why each unavailable one is
     */
    public static BackendProvider select(String flag, Map<String, String> env) {
        String name = chosenName(flag, env);
        List<BackendProvider> all = installed();
        for (BackendProvider p : all) {
            if (p.name().equals(name)) {
                if (p.unavailableReason().isPresent()) {
                    throw new BackendException("backend '" + name + "' is not available: "
                            + p.unavailableReason().get() + "; " + listing(all));
                }
                return p;
            }
        }
        throw new BackendException("unknown backend '" + name + "'; " + listing(all)
                + " (a2a3 and a5 come with the hardware plugin, not built yet)");
    }

    private static String listing(List<BackendProvider> all) {
        StringBuilder b = new StringBuilder("available: ");
        boolean first = true;
        for (BackendProvider p : all) {
            b.append(first ? "" : ", ").append(p.name());
            p.unavailableReason().ifPresent(r -> b.append(" (unavailable: ").append(r).append(')'));
            first = false;
        }
        return b.toString();
    }
}
