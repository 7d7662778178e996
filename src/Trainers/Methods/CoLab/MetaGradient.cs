namespace MLSegmentation.Trainers.Methods;

/// <summary>How CoLab computes the generator's meta-gradient −α·∇_φ[∇_θ L_train(θ, t(φ)) · v] (METHODS.md §1, meta step 3).</summary>
public enum MetaGradient
{
    /// <summary>Exactly, by double backward: ∇_θ L_train with <c>create_graph</c>, then the gradient of its dot product with v with respect to φ. The default.</summary>
    Exact,

    /// <summary>
    /// The official code's central finite difference: R = 0.01/‖v‖,
    /// h = (∇_φ L_train(θ + R·v) − ∇_φ L_train(θ − R·v)) / 2R. Two extra forward passes of the segmenter instead of a double backward.
    /// </summary>
    FiniteDifference,
}
