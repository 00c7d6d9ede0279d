/** A page whose module throws while loading, before it could expose anything. */
throw new Error('model bytes missing');
