/// How this build of the curve engine was compiled, for `vault --version`.
public enum BuildInfo {
    /// The Fp multiplication kernel compiled in: the mulx/adcx/adox assembly
    /// when the build targets BMI2 and ADX (Package.swift reads
    /// /proc/cpuinfo; VAULT_PORTABLE=1 turns it off), else portable Swift.
    public static var fieldKernel: String {
#if VAULT_ADX_KERNELS
        "x86-64 with BMI2 and ADX (mulx/adcx/adox assembly)"
#else
        "portable (Swift, any 64-bit CPU)"
#endif
    }
}
