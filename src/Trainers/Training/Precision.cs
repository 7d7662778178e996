namespace MLSegmentation.Trainers.Training;

/// <summary>Arithmetic of the forward and backward passes.</summary>
public enum Precision
{
    /// <summary>float32 throughout.</summary>
    Fp32,
    /// <summary>bfloat16 autocast (CPU with AVX512-BF16, or CUDA): convolutions and products in bf16, losses in float32.</summary>
    Bf16,
    /// <summary>float16 autocast (CUDA only).</summary>
    Fp16,
}
