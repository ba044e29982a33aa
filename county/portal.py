def build_portal(county, output, publish=False):
    pass
