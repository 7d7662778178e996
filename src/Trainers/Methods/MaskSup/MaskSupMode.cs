namespace MLSegmentation.Trainers.Methods;

/// <summary>The two forms of MaskSup's loss (METHODS.md §3).</summary>
public enum MaskSupMode
{
    /// <summary>
    /// C logit channels: softmax, cross-entropy for the α and β terms and the similarity term
    /// MSE(softmax(o1), softmax(o2)) over all channels.
    /// </summary>
    MultiClass,

    /// <summary>
    /// Two-class tasks with one logit channel z: binary cross-entropy with logits for the α and β terms
    /// and MSE(σ(z1), σ(z2)). Prediction expands z to the two logits [0, z], whose softmax is [1 − σ(z), σ(z)].
    /// </summary>
    Binary,
}
