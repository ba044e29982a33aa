"""Base for generators that add no content and only write files from what the others found."""


class OutputGenerator:
    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_context(self):
        pass  # nothing to read: everything comes from the shared context

    def generate_output(self, writer):
        raise NotImplementedError
