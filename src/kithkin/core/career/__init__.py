"""Using the network for one's career: leaving a job (R14), references and rehire
(R15), "who do I know at X" (R16), job leads to pass on (R11), and message drafts.
"""
