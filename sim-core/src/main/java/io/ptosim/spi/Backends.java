package io.ptosim.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** {@link #select(String, Map, Map)} with no platform settings. */
    public static BackendProvider select(String flag, Map<String, String> env) {
        return select(flag, env, Map.of());
    }

    /**
     * The provider named by {@link #chosenName}, if installed and available with these platform
     * {@code settings} ({@code --set}) and environment.
     *
     * @throws BackendException listing the installed providers and why each unavailable one is
     */
    public static BackendProvider select(String flag, Map<String, String> env, Map<String, String> settings) {
        String name = chosenName(flag, env);
        List<BackendProvider> all = installed();
        for (BackendProvider p : all) {
            if (p.name().equals(name)) {
                Optional<String> why = p.unavailableReason(settings, env);
                if (why.isPresent()) {
                    throw new BackendException("backend '" + name + "' is not available: " + why.get() + "; "
                            + listing(all, settings, env));
                }
                return p;
            }
        }
        throw new BackendException("unknown backend '" + name + "'; " + listing(all, settings, env)
                + (all.stream().anyMatch(p -> p.name().equals("a2a3")) ? ""
                        : " (a2a3, a5, a2a3sim and a5sim come with the hw-backend plugin, which is not on the class path)"));
    }

    private static String listing(List<BackendProvider> all, Map<String, String> settings, Map<String, String> env) {
        List<String> available = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (BackendProvider p : all) {
            (p.unavailableReason(settings, env).isPresent() ? unavailable : available).add(p.name());
        }
        return "available: " + String.join(", ", available) + (unavailable.isEmpty() ? ""
                : "; not available here: " + String.join(", ", unavailable) + " ('ptosim backends' says why)");
    }
}
