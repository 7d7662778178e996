namespace MLSegmentation.Trainers.Methods;

/// <summary>How the semantic-aware contrastive method selects one object of an image (METHODS.md §2).</summary>
public enum AttentionMode
{
    /// <summary>
    /// Run the encoder on the whole image and average the chosen level's features under the object's
    /// attention mask (resized to the feature resolution by area interpolation). The default: the
    /// encoder sees ordinary images, so the pretrained weights serve any segmenter.
    /// </summary>
    FeaturePooling,

    /// <summary>
    /// The official code's form: the object's mask is concatenated to the image as an extra input
    /// channel and the encoder's output is globally average-pooled. The encoder then has one more input
    /// channel, and a model trained this way needs a coarse mask at inference, so this mode is supported
    /// for pretraining only: stage 2 keeps the image channels' slice of the first convolution and drops
    /// the mask channel's weights.
    /// </summary>
    InputChannel,
}
